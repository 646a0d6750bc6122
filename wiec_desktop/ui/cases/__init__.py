"""The Casussen page, the case editor with its involvements, and the overlap question before a new
case is saved."""
