"""The Work orders tab (派工单) and its dialogs."""
