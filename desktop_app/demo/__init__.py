"""Demo villages and a synthetic township, for trying the program and for benchmarks.

A client of ``services`` like any user: it sets up ledgers and takes payments through
the use cases. Nothing below it imports it (services never does); the CLI, the window
and the composition root may.
"""
