//! SCHEMA.md documents every table and column, in order, with the right kind.

use newsmill_export::Table;

fn schema_md() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../SCHEMA.md");
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The `(column, kind)` rows of the table documented under `### <name>`.
fn documented(text: &str, name: &str) -> Vec<(String, String)> {
    let heading = format!("\n### {name}\n");
    let start = text
        .find(&heading)
        .unwrap_or_else(|| panic!("SCHEMA.md has no {heading:?}"));
    text[start + heading.len()..]
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            let column = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
            Some((column.to_string(), cells.get(2)?.to_string()))
        })
        .collect()
}

#[test]
fn every_table_and_column_is_documented_in_order() {
    let text = schema_md();
    for table in Table::ALL {
        let want: Vec<(String, String)> = table
            .columns()
            .iter()
            .map(|c| (c.name.to_string(), c.kind.as_str().to_string()))
            .collect();
        assert_eq!(
            documented(&text, table.name()),
            want,
            "SCHEMA.md, table {table}"
        );
    }
}

#[test]
fn every_kind_is_in_the_legend() {
    let text = schema_md();
    let legend = &text[text.find("## Column kinds").unwrap()..text.find("## CSV safety").unwrap()];
    for table in Table::ALL {
        for column in table.columns() {
            let row = format!("\n| {} |", column.kind.as_str());
            assert!(
                legend.contains(&row),
                "kind {} missing from the legend",
                column.kind.as_str()
            );
        }
    }
}
