"""The promises of docs/reliability.md: nothing lost, nothing leaked, nothing hijacked."""
