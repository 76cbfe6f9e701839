import requests
from django.shortcuts import get_object_or_404, render
from django.http import HttpResponseRedirect

from .models import Post


def index(request):
    posts = Post.objects.filter(state="published")
    print(f"index: {posts.count()} posts")
    return render(request, "blog/index.html", {"posts": posts})


def detail(request, slug):
    post = get_object_or_404(Post, slug=slug)
    return render(request, "blog/detail.html", {"post": post})


def publish(request, slug):
    Post.objects.filter(slug=slug).update(state="published")  # expect: RS304
    try:
        requests.post("https://hooks.example.com/published", json={"slug": slug}, timeout=5)
    except requests.RequestException as exc:
        print("webhook failed", exc)
    return HttpResponseRedirect(f"/posts/{slug}/")
