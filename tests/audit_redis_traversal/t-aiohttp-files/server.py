import os

from aiohttp import web

ROOT = "/srv/static"
routes = web.RouteTableDef()


@routes.get("/files/{name}")
async def get_file(request):
    name = request.match_info["name"]
    return web.FileResponse(os.path.join(ROOT, name))  # expect: RS701


@routes.get("/health")
async def health(request):
    return web.json_response({"ok": True})


@routes.get("/thumb/{name}")
async def thumb(request):
    name = os.path.basename(request.match_info["name"])
    return web.FileResponse(os.path.join(ROOT, "thumbs", name))


app = web.Application()
app.add_routes(routes)

if __name__ == "__main__":
    web.run_app(app)
