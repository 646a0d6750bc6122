"""The chair's look at a document for policymakers before it leaves: what was replaced, what to keep,
what was missed, the intern variant and a password."""
