"""Copy ``scale_data.py``'s SQLite database into a PostgreSQL database, in one to two minutes
(seeding the 10,000-participant cohort on PostgreSQL directly took over an hour).

The schema is made by the migrations of the code that runs this (``bench_app``, emptied
first), then every table of the models is copied row by row through SQLAlchemy (the types
converted on the way), foreign keys unchecked while copying, the id sequences moved past
the copied rows. The SQLite file must be at the same migration as this code.

    .venv/bin/python bench/scale_to_postgres.py sqlite:////tmp/scale.sqlite \\
        "$(tools/postgres.sh scale)" [--data-dir /tmp/tamkeen-scale-data]
"""

import argparse
import time
from pathlib import Path

from quiz_data import bench_app
from sqlalchemy import create_engine, inspect, select, text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source")
    parser.add_argument("target")
    parser.add_argument("--data-dir", default="/tmp/tamkeen-scale-data")
    args = parser.parse_args()
    app = bench_app(args.target, Path(args.data_dir), fresh=True)
    from tamkeen.extensions import db

    with app.app_context():
        metadata, target = db.metadata, db.engine
    source = create_engine(args.source)
    started = time.time()
    present = set(inspect(source).get_table_names())
    with source.connect() as reading, target.begin() as writing:
        writing.execute(text("SET session_replication_role = replica"))  # no FK checks
        for table in metadata.sorted_tables:
            if table.name not in present:
                continue
            writing.execute(table.delete())  # what the migrations filled (none at scale)
            rows = [dict(row._mapping) for row in reading.execute(select(table))]
            for first in range(0, len(rows), 5000):
                writing.execute(table.insert(), rows[first : first + 5000])
            if "id" in table.c and rows:
                sequence = writing.scalar(
                    text("SELECT pg_get_serial_sequence(:name, 'id')"), {"name": table.name}
                )
                if sequence:
                    writing.execute(
                        text(f"SELECT setval('{sequence}', (SELECT max(id) FROM {table.name}))")
                    )
            print(f"{table.name}: {len(rows)} rows, {time.time() - started:.0f} s", flush=True)
        writing.execute(text("ANALYZE"))
    print(f"copied in {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
