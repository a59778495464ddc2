"""Certificates for graduates: numbering, the register, issuing and revoking.

``numbering`` (the pattern of a number), ``register`` (the register read: finding a
number, who holds one) and ``issue`` (the register's two writes: issue and revoke).
"""
