"""``ukm export``: programmes as Parquet tables for analysis engines.

``tables`` says what each table holds (its columns and what they mean) and
builds its rows from ukm's own figures; ``bundle`` writes them (pyarrow) into
a bundle folder, hive-partitioned by programme, with a manifest and a README.
"""
