from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    database_url: str = "postgresql://app:app@localhost:5432/inventory"
    pool_max: int = 10


settings = Settings()
