from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2PasswordHasher(Argon2PasswordHasher):
    """argon2id at the OWASP minimum: 19 MiB of memory, 2 iterations, 1 lane.

    Django's default hasher uses more memory per login; these parameters keep a modest
    government server answering logins under load while staying within OWASP's advice.
    """

    algorithm = "argon2"
    time_cost = 2
    memory_cost = 19 * 1024
    parallelism = 1
