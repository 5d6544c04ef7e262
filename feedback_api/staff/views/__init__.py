"""Staff pages, one module per concern; ``feedback_api.staff.routes`` wires them up."""
