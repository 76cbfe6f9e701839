from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from .settings import DATABASE_URL

engine = create_async_engine(  # expect: RS101
    DATABASE_URL,
    pool_size=20,
    max_overflow=10,
    pool_timeout=None,
    connect_args={"server_settings": {"statement_timeout": "30000"}},
)
SessionLocal = async_sessionmaker(engine, expire_on_commit=False, class_=AsyncSession)


async def get_session():
    async with SessionLocal() as session:
        yield session
