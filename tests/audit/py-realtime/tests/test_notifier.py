import websockets


async def test_roundtrip():
    async with websockets.serve(lambda ws: None, "localhost", 0, ping_interval=None):
        pass
