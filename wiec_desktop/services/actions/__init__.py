"""Action points across meetings (numbering, owners, progress) and the action list as policymakers
read it."""
