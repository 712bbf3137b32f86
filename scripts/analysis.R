#!/usr/bin/env Rscript
# Reads every table of a corpus-lens output folder with readr, taking each table's columns and
# types from the folder's schema.csv (nothing about the tables is written here), fails on any
# parsing problem, and draws the faction-framing plot into the folder (framing_valence.png).
#
# Usage: Rscript scripts/analysis.R [OUT_DIR [PARQUET_DIR]]   (default: out, as `corpus-lens analyze`)
# Needs: readr, ggplot2 (Debian: apt-get install r-cran-readr r-cran-ggplot2).
# PARQUET_DIR, from `corpus-lens analyze --format parquet` on the same inputs: each table read
# with arrow::read_parquet (typed, no col_types needed) and checked against the CSV table;
# skipped with a note where the arrow package is missing (CRAN only: install.packages("arrow")).
# Exit status 1, naming the table and its problems, when a table does not match its schema.

suppressPackageStartupMessages({
  library(readr)
  library(ggplot2)
})

args <- commandArgs(trailingOnly = TRUE)
out_dir <- if (length(args) >= 1) args[[1]] else "out"
parquet_dir <- if (length(args) >= 2) args[[2]] else NULL

fail <- function(...) {
  message("analysis.R: error: ", ...)
  quit(save = "no", status = 1)
}

# readr's letter for each type name of schema.csv. Integers are read as doubles: R's integers
# are 32-bit, and byte offsets and token counts of a large corpus pass 2^31, while a double
# holds every integer up to 2^53 exactly; check_integers() makes sure the values are whole.
readr_type <- c(string = "c", integer = "d", float = "d", boolean = "l")

# Read exactly what is written: only an empty cell is missing (a cell "NA" is text), and
# spaces are data (KWIC contexts), not padding.
# readr's own warning about problems is muffled: they are reported below, by table.
read_exact <- function(path, col_types, ...) {
  withCallingHandlers(
    read_csv(path, col_types = col_types, na = "", trim_ws = FALSE, lazy = FALSE,
             progress = FALSE, name_repair = "minimal", ...),
    warning = function(w) {
      if (grepl("parsing issues", conditionMessage(w))) invokeRestart("muffleWarning")
    }
  )
}

# The header as written: its first record, without readr's name repair.
read_header <- function(path) {
  first <- read_exact(path, cols(.default = col_character()), col_names = FALSE, n_max = 1)
  if (nrow(first) == 0) character() else as.character(unlist(first[1, ], use.names = FALSE))
}

# A short text of a readr problems() table (its `row` is the file's line), for the error
# message.
describe_problems <- function(p, names, n = 5) {
  shown <- utils::head(as.data.frame(p), n)
  lines <- sprintf("line %s, column %s (%s): expected %s, got \"%s\"",
                   shown$row, shown$col, names[shown$col], shown$expected, shown$actual)
  more <- if (nrow(p) > n) sprintf(" (and %d more)", nrow(p) - n) else ""
  paste0(nrow(p), " parsing problem(s): ", paste(lines, collapse = "; "), more)
}

# Integer columns arrive as doubles: each value must be whole and within 2^53.
check_integers <- function(df, columns) {
  bad <- character()
  for (name in columns$column[columns$type == "integer"]) {
    x <- df[[name]]
    x <- x[!is.na(x)]
    if (any(x != trunc(x) | abs(x) > 2^53)) {
      bad <- c(bad, sprintf("column %s holds a value that is not an integer: %s",
                            name, format(x[x != trunc(x) | abs(x) > 2^53][1], digits = 17)))
    }
  }
  bad
}

# --- schema.csv: read with its own five columns (the one layout known here), then checked
# against the rows that describe it, like every other table below.
schema_path <- file.path(out_dir, "schema.csv")
if (!file.exists(schema_path)) {
  fail(schema_path, ": not found; run `corpus-lens analyze --out ", out_dir, "` first")
}
schema_columns <- c("table", "column", "position", "type", "description")
if (!identical(read_header(schema_path), schema_columns)) {
  fail("schema.csv: header is not ", paste(schema_columns, collapse = ","))
}
schema <- read_exact(schema_path, "ccdcc")
if (nrow(problems(schema)) > 0) {
  fail("schema.csv: ", describe_problems(problems(schema), schema_columns))
}
unknown <- setdiff(unique(schema$type), names(readr_type))
if (length(unknown) > 0) {
  fail("schema.csv: unknown type(s) ", paste(unknown, collapse = ", "),
       "; this script knows ", paste(names(readr_type), collapse = ", "))
}

# --- every table schema.csv lists, in its order.
table_names <- unique(schema$table)
on_disk <- list.files(out_dir, pattern = "\\.csv$")
for (stale in setdiff(on_disk, table_names)) {
  message("analysis.R: skipping ", stale, ": not written by the run that wrote schema.csv")
}

tables <- list()
errors <- character()
for (name in table_names) {
  columns <- schema[schema$table == name, ]
  columns <- columns[order(columns$position), ]
  path <- file.path(out_dir, name)
  if (!identical(columns$position, as.double(seq_len(nrow(columns))))) {
    errors <- c(errors, sprintf("%s: schema.csv positions are not 1..%d", name, nrow(columns)))
    next
  }
  if (!file.exists(path)) {
    errors <- c(errors, sprintf("%s: listed in schema.csv but not in %s", name, out_dir))
    next
  }
  header <- read_header(path)
  if (!identical(header, columns$column)) {
    errors <- c(errors, sprintf("%s: header (%s) is not the schema's columns (%s)", name,
                                paste(header, collapse = ","),
                                paste(columns$column, collapse = ",")))
    next
  }
  df <- read_exact(path, paste(readr_type[columns$type], collapse = ""))
  p <- problems(df)
  if (nrow(p) > 0) {
    errors <- c(errors, sprintf("%s: %s", name, describe_problems(p, columns$column)))
    next
  }
  bad <- check_integers(df, columns)
  if (length(bad) > 0) {
    errors <- c(errors, sprintf("%s: %s", name, bad))
    next
  }
  tables[[name]] <- df
  message(sprintf("analysis.R: %-22s %8d rows, %3d columns, 0 problems", name, nrow(df),
                  ncol(df)))
}
if (length(errors) > 0) fail(paste(errors, collapse = "\n  "))

# --- the same tables as Parquet: arrow::read_parquet gives every column its type.
if (!is.null(parquet_dir)) {
  if (!requireNamespace("arrow", quietly = TRUE)) {
    message("analysis.R: arrow is not installed: the Parquet tables in ", parquet_dir,
            " are not read here (install.packages(\"arrow\"))")
  } else {
    for (name in names(tables)) {
      path <- file.path(parquet_dir, sub("\\.csv$", ".parquet", name))
      pq <- as.data.frame(arrow::read_parquet(path))
      csv <- as.data.frame(tables[[name]])
      if (!identical(names(pq), names(csv)) || nrow(pq) != nrow(csv)) {
        fail(path, ": other columns or rows than ", name)
      }
      for (column in names(csv)) {
        if (!isTRUE(all.equal(as.vector(pq[[column]]), as.vector(csv[[column]]),
                              check.attributes = FALSE, tolerance = 0))) {
          fail(path, ": column ", column, " differs from ", name)
        }
      }
    }
    message("analysis.R: ", length(tables), " Parquet tables read with arrow::read_parquet, ",
            "equal to the CSV tables")
  }
}

# --- the faction-framing plot: narrator voice, per document, for the factions the narrators
# mention most; valence and the mean score on each framing dimension, with the 95%
# cluster-bootstrap interval.
summary <- tables[["framing_summary.csv"]]
if (is.null(summary)) fail("framing_summary.csv: not in ", out_dir, "; run `corpus-lens analyze`")
# The dimensions are the measures that have a `<dimension>_direction` twin (README).
directions <- unique(summary$measure[endsWith(summary$measure, "_direction")])
dimensions <- sub("_direction$", "", directions)
measures <- c("valence", dimensions)

narrator <- summary[summary$voice == "narrator" & summary$measure %in% measures, ]
narrator <- narrator[!is.na(narrator$estimate), ]
counts <- narrator[narrator$measure == "valence", ]
if (nrow(counts) == 0) fail("framing_summary.csv: no narrator-voice valence rows to plot")
# Factions with the most narrator mentions over all documents: 12 keep the panels readable.
totals <- sort(tapply(counts$mentions, counts$faction_label, sum), decreasing = TRUE)
top <- names(totals)[seq_len(min(12, length(totals)))]
plotted <- narrator[narrator$faction_label %in% top, ]
plotted$faction_label <- factor(plotted$faction_label, levels = rev(top))
plotted$measure <- factor(plotted$measure, levels = measures)
plotted$document <- factor(plotted$document, levels = unique(summary$document))

plot <- ggplot(plotted, aes(x = estimate, y = faction_label)) +
  geom_vline(xintercept = 0, colour = "grey60", linewidth = 0.3) +
  geom_errorbar(aes(xmin = ci_low, xmax = ci_high), width = 0.3, colour = "grey35",
                orientation = "y", na.rm = TRUE) +
  geom_point(size = 1.2, colour = "firebrick") +
  facet_grid(document ~ measure) +
  labs(
    title = "How each memoir's narrator frames the factions",
    subtitle = paste0(
      "framing_summary.csv, voice = narrator: mean valence and mean score on each framing ",
      "dimension, with 95% cluster-bootstrap intervals over paragraphs; the ",
      length(top), " factions the narrators mention most (no bar: too few mentions for an interval)"
    ),
    x = "estimate (mean over the faction's mentions, -1 .. 1)", y = NULL
  ) +
  theme_bw(base_size = 9) +
  theme(strip.text.y = element_text(angle = 0), panel.grid.minor = element_blank())

png_path <- file.path(out_dir, "framing_valence.png")
ggsave(png_path, plot, width = 16, height = 2 + 1.6 * nlevels(plotted$document), dpi = 110,
       limitsize = FALSE)
message("analysis.R: ", length(tables), " tables read with their schema.csv types, 0 problems; ",
        "plot in ", png_path)
