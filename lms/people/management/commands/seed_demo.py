import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lms.people.demo import demo_accounts_ensure


class Command(BaseCommand):
    help = (
        "Create (or reset) the demo accounts for every role, documented in README.md. "
        "Development only: refused when DEBUG is off unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--json",
            action="store_true",
            help='Print the demo accounts as a JSON list of {"role", "email", "password"}.',
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (the passwords are public: never on a live site).",
        )
        parser.add_argument(
            "--learners",
            type=int,
            default=0,
            help="Also create N synthetic learners with records (replacing earlier ones); "
            "needs the curriculum loaded. See docs/benchmarks.md.",
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed for --learners (same seed, same data)."
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "seed_demo creates accounts whose passwords are published in README.md, so "
                "it refuses to run with DEBUG off. Use --force if this really is a "
                "throw-away or demo site."
            )
        accounts = demo_accounts_ensure()
        if options["learners"]:
            from lms.demo.services import NoCurriculumError, synthetic_learners_create

            try:
                summary = synthetic_learners_create(n=options["learners"], seed=options["seed"])
            except (NoCurriculumError, ValueError) as error:
                raise CommandError(str(error)) from error
            self.stderr.write(f"Synthetic learners: {summary}")
        if options["json"]:
            rows = [{"role": a.role, "email": a.email, "password": a.password} for a in accounts]
            self.stdout.write(json.dumps(rows, indent=2))
        else:
            self.stdout.write(
                self.style.SUCCESS(f"{len(accounts)} demo accounts ready (see README.md).")
            )
