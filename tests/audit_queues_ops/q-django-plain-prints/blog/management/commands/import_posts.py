import json

from django.core.management.base import BaseCommand

from blog.models import Post


class Command(BaseCommand):
    help = "Import posts from a JSON file"

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, **options):
        with open(options["path"]) as fh:
            for item in json.load(fh):
                Post.objects.update_or_create(slug=item["slug"], defaults=item)
                print("imported", item["slug"])
