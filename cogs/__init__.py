"""Thin Discord adapters: parse an event or command, call a service, render the reply."""
