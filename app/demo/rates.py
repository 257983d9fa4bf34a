"""How busy the demo desk is. Kept free of imports: the CLI's parser reads it at start."""

#: Calls and visits per villa and day for a lived-in first run: 14 a day at 240 villas.
FIRST_RUN_CALLS_PER_VILLA_DAY = 14 / 240
#: A real desk's rate: ten years of a 400-villa resort hold about 200,000 calls (55 a day),
#: and with them about 80,000 work orders (two calls in five are repairs).
REAL_DESK_CALLS_PER_VILLA_DAY = 200_000 / (3652 * 400)
