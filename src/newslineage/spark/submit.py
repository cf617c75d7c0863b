"""The file to give spark-submit: ``spark-submit [options] .../newslineage/spark/submit.py --input ... --output ...``.

``python -c 'import newslineage.spark.submit as m; print(m.__file__)'`` prints its path.
"""

from __future__ import annotations

import sys

from newslineage.spark.job import main

if __name__ == "__main__":
    sys.exit(main())
