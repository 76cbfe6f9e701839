import click
from rq import Retry

from jobs import reindex
from queues import index_q


@click.group()
def cli():
    pass


@cli.command()
@click.argument("collection")
def enqueue_reindex(collection):
    job = index_q.enqueue(reindex, collection, retry=Retry(max=2))
    print(f"enqueued {job.id}")


@cli.command()
def clear_index_queue():
    print(f"removed {index_q.empty()} jobs")


if __name__ == "__main__":
    cli()
