"""Demo data: a realistic resort for trying the program and for screenshots."""
