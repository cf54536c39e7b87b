"""Loopback stand-ins for the providers' HTTP APIs, implementing their documented contracts."""
