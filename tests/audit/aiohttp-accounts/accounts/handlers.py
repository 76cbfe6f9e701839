from argon2 import PasswordHasher
from argon2.exceptions import VerifyMismatchError
from aiohttp import web

ph = PasswordHasher()
routes = web.RouteTableDef()


@routes.post("/api/login")  # expect: RS501
async def login(request: web.Request) -> web.Response:
    body = await request.json()
    async with request.app["db"].acquire() as conn:
        row = await conn.fetchrow("SELECT id, pw_hash FROM accounts WHERE email = $1", body["email"])
    if row is None:
        raise web.HTTPUnauthorized()
    try:
        ph.verify(row["pw_hash"], body["password"])  # expect: RS502
    except VerifyMismatchError:
        raise web.HTTPUnauthorized()
    return web.json_response({"id": row["id"]})


@routes.get("/api/accounts/{id}")
async def get_account(request: web.Request) -> web.Response:
    row = await request.app["db"].fetchrow("SELECT id, email FROM accounts WHERE id = $1", int(request.match_info["id"]))
    if row is None:
        raise web.HTTPNotFound()
    return web.json_response(dict(row))
