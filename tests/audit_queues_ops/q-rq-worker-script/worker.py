import logging

from rq import Worker

from queues import conn, digest_q, index_q

logging.basicConfig(level=logging.INFO)

if __name__ == "__main__":
    Worker([digest_q, index_q], connection=conn).work(with_scheduler=True)
