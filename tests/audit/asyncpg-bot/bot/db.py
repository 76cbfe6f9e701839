import asyncpg


class Database:
    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self.pool: asyncpg.Pool | None = None

    async def connect(self) -> None:
        self.pool = await asyncpg.create_pool(self.dsn, min_size=1, max_size=5)  # expect: RS101, RS103

    async def close(self) -> None:
        if self.pool is not None:
            await self.pool.close()

    async def get_user(self, tg_id: int):
        return await self.pool.fetchrow("SELECT * FROM users WHERE tg_id = $1", tg_id)

    async def add_user(self, tg_id: int, name: str) -> None:
        async with self.pool.acquire(timeout=10) as conn:
            await conn.execute("INSERT INTO users (tg_id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING", tg_id, name)
