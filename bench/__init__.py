"""Tools for measuring and loading the register, not part of the app's runtime code: the
benchmark scripts (run as files, see README "Benchmarks") and the stress run behind
`manage.py stress_writes` (bench/stress.py)."""
