import os

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404

from .models import Document

REPORTS = {"daily": "daily.csv", "weekly": "weekly.csv"}


def document(request, pk):
    doc = get_object_or_404(Document, pk=pk, owner=request.user)
    return FileResponse(open(doc.file.path, "rb"))


def report(request):
    name = REPORTS.get(request.GET.get("kind", "daily"))
    if name is None:
        return HttpResponse(status=404)
    return FileResponse(open(os.path.join(settings.MEDIA_ROOT, name), "rb"))


def my_avatar(request):
    path = os.path.join(settings.MEDIA_ROOT, "avatars", f"{request.user.id}.png")
    return FileResponse(open(path, "rb"))


def page(request):
    page = request.GET.get("page", type=int) if hasattr(request.GET, "type") else int(request.GET.get("page", "1"))
    return FileResponse(open(os.path.join(settings.MEDIA_ROOT, f"page-{page}.html"), "rb"))


def upload(request):
    f = request.FILES["file"]
    dest = os.path.join(settings.MEDIA_ROOT, "uploads", os.path.basename(f.name))
    with open(dest, "wb") as out:
        for chunk in f.chunks():
            out.write(chunk)
    return HttpResponse(status=201)


def note(request):
    with open(os.path.join(settings.MEDIA_ROOT, "notes.txt"), "a") as out:
        out.write(request.POST.get("text", ""))
    return HttpResponse("ok")
