from django.db import models


class Post(models.Model):
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    body = models.TextField()
    state = models.CharField(max_length=12, default="draft")
