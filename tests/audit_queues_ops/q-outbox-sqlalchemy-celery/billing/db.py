import os

from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

engine = create_engine(os.environ["DATABASE_URL"], pool_size=5, max_overflow=5)
SessionLocal = sessionmaker(engine)
