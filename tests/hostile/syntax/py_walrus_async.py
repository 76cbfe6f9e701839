import redis
async def f():
    async with a as b, c as d:
        if (n := len(b)) > 1:
            return [x async for x in b]
