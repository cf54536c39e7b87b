"""The orchestrator: one plan request runs the agents (vision, health, prices, nutrition, cart) as a graph
of parallel subagents, with a timeout per agent, a cancel for the whole run, and a trace that is kept."""
