"""The bot speaking first: rules decide who is due, jobs write the outbox, the deliverer sends through channels."""
