"""The orchestrator: one plan request runs the agents (vision, health, prices, nutrition, cart) as a graph
of parallel subagents, with a timeout per agent, a cancel for the whole run, and a trace that is kept.

    from agents.app import Larder, PlanRequest, CancelToken
    token = CancelToken()
    run = larder.run_plan(PlanRequest(photos=(...), health=(...), days=7), on_event=handler, cancel=token)

Drawing the run live (the window's lanes): `on_event(AgentEvent)` is called from worker threads, in
`seq` order, with `lane` (one bar per lane: "vision 2/4 fridge.jpg", "health export.zip", "prices
kroger", "inventory merge", "nutrition", "cart", "save"), `agent` (the lane's kind, for its colour),
`kind` (started opens the bar at `at_ms`; progress moves it with `fraction`; finished, failed,
timeout or cancelled closes it with `ms` and the reasoning in `summary`) and `inputs`. Times are
milliseconds since the run started. A Cancel sets the token: the run raises RunCancelled within
50 ms and writes nothing. A finished run is stored with every event; `larder.runs()` and
`larder.run(id)` read them back (`larder runs`, `larder runs show ID`).

Modules: graph (the scheduler), events (the trace), request (what is asked and returned), vision,
health, prices, nutrition, cart (the agents), staging (one transaction for all writes), runs_store
(runs and events in SQLite), pipeline (`run_plan`: the graph for a request, then the one write).
"""
