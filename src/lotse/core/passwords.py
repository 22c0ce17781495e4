"""How local passwords are stored: Argon2id with OWASP's recommended minimum parameters.

Django's default, PBKDF2 with 1.5 million iterations, costs 0.46 s of CPU per log-in on a
2-core server; a morning's log-in wave queued behind it for seconds (issue 23's load test:
log-in p95 5.4 s). Argon2id with 19 MiB, two passes and one lane (OWASP Password Storage
Cheat Sheet) costs ~35 ms and is memory-hard, which is what slows an attacker's GPUs — it
is the stronger choice, not a weaker one. Hashes made earlier (PBKDF2) still verify and are
rewritten with Argon2id at the user's next log-in.
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    """Django's Argon2 hasher (Argon2id) with 19 MiB memory, 2 passes, 1 lane."""

    time_cost = 2
    memory_cost = 19_456  # KiB
    parallelism = 1
