from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from .config import DATABASE_URL

# Reports can queue behind each other; wait as long as it takes for a connection.
engine = create_engine(DATABASE_URL, pool_size=5, max_overflow=0, pool_timeout=None)  # expect: RS101, RS103, RS104
Session = sessionmaker(bind=engine)
