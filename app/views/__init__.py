"""Qt views. They call services and show plain data; they never open sessions or SQL."""
