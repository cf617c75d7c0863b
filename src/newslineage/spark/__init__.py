"""The scan on Apache Spark, for collections that outgrow one machine (``newslineage[spark]``).

The job (``job.run``) calls the same stage functions as the local scan, in executors:
text and signatures per partition, candidates by joins on LSH band keys, rare anchors
and blocks of document vectors, alignment per candidate pair, stories per connected
component, lineage and findings per story. Nothing here is imported by the rest of the
package, and importing it does not import pyspark: that happens when a job starts.
"""
