"""Certificates for graduates: the certificates issued, and issuing and revoking them.

``issued`` (``certificates.yaml`` read: finding a number, who holds one, what
it certifies) and ``issue`` (its two writes: issue and revoke).  The pattern
of a number, which ``program.yaml`` holds, is ``core/certificate_numbers``.
"""
