from django.contrib.auth import authenticate, login, logout
from django.http import JsonResponse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView


class LoginRateThrottle(AnonRateThrottle):
    scope = "login"


class LoginView(APIView):
    throttle_classes = [LoginRateThrottle]

    def post(self, request):
        user = authenticate(request, username=request.data["username"], password=request.data["password"])  # expect: RS502
        return Response({"ok": user is not None}, status=200 if user else 401)


@method_decorator(ratelimit(key="post:username", rate="5/m", method="POST", block=True), name="post")
class SignInView(View):
    def post(self, request):
        user = authenticate(request, username=request.POST["username"], password=request.POST["password"])  # limited per submitted username: no RS502
        return JsonResponse({"ok": user is not None})


class PasswordResetView(APIView):
    def post(self, request):
        return Response(status=202)


@require_POST
@ratelimit(key="ip", rate="5/m", block=True)
def session_login(request):
    user = authenticate(request, username=request.POST["username"], password=request.POST["password"])  # expect: RS502
    if user is None:
        return JsonResponse({"ok": False}, status=401)
    login(request, user)
    return JsonResponse({"ok": True})


def logout_view(request):
    logout(request)
    return JsonResponse({"ok": True})
