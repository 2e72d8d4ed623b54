"""What leaves the tool: result files streamed as articles finish, exports from the store
(json / jsonl / csv), and the self-contained review page."""
