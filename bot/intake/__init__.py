"""Reports from chat: free text parsed into stored activities, requirements, deals and follow-ups."""
