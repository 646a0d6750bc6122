"""Cases: numbering, the status workflow, the organisations involved, the overlap check and a case's
timeline."""
