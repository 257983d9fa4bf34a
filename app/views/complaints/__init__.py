"""The Complaints tab (投诉)."""
