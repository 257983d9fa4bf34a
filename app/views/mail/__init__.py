"""The mail register tab (邮件收发)."""
