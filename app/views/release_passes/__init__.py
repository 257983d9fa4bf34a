"""The Release passes tab (物品放行条) and its dialogs."""
