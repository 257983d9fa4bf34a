"""住户档案: villas, their households and people, the staff roster, Excel import and export."""
