"""Follow-through with the partners (issue 15): each organisation its own actions as a workbook to
fill in, their answers back in, escalation of what keeps slipping, and the periodic report."""
