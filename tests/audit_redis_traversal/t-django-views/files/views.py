# Adapted from semgrep-rules django path-traversal-open.
import os
import re
import time

from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from rest_framework.views import APIView

MEDIA = "/srv/media"


def unsafe(request):
    filename = request.POST.get("filename")
    contents = request.POST.get("contents")
    f = open(filename, "w")  # expect: RS701
    f.write(contents)
    f.close()
    return HttpResponse("ok")


def unsafe_inline(request):
    f = open(request.GET.get("filename"))  # expect: RS701
    return HttpResponse(f.read())


def unsafe_with(request):
    filename = request.POST.get("filename")
    with open(filename, "r") as fin:  # expect: RS701
        data = fin.read()
    return HttpResponse(data)


def safe(request):
    filename = "/tmp/data.txt"
    with open(filename) as f:
        return HttpResponse(f.read())


def download_doc(request):
    url = request.GET.get("url")
    file_name = str(int(time.time())) + (".docx" if url.endswith("docx") else ".xlsx")
    _file = open(url, "rb")  # expect: RS701
    response = StreamingHttpResponse(_file)
    response["Content-Disposition"] = 'attachment;filename="{0}"'.format(file_name)
    return response


def media(request, name):
    return FileResponse(open(os.path.join(MEDIA, name), "rb"))  # expect: RS701


def by_pk(request, pk):
    return FileResponse(open(os.path.join(MEDIA, f"{pk}.bin"), "rb"))


class GenerateUserAPI(APIView):
    def get(self, request):
        file_id = request.GET.get("file_id")
        if not file_id:
            raise Http404
        if not re.match(r"^[a-zA-Z0-9]+$", file_id):
            raise Http404
        file_path = f"/tmp/{file_id}.xlsx"
        with open(file_path, "rb") as f:
            raw_data = f.read()
        os.remove(file_path)
        return HttpResponse(raw_data)


class ExportView(APIView):
    def get(self, request, *args, **kwargs):
        name = self.kwargs["name"]
        return FileResponse(open(os.path.join(MEDIA, "exports", name), "rb"))  # expect: RS701
