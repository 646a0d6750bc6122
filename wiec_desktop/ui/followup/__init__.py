"""Windows for following through with the partners (issue 15): send per partner, updates in, the
periodic report."""
