//! Which asset-register column is which profile field: the alias table.
//!
//! A header matches an alias when both are equal after dropping case and every
//! character that is not a letter or digit ("Asset Num", "ASSETNUM" and
//! "asset_num" are one name). When several columns name one field, the one whose
//! alias comes first in the table wins (an explicit "Area" beats "Functional
//! Location"). The table is documented in `book/src/commands.md`; keep both equal.

/// A profile field an asset-register column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    /// `assets[].id`, normalised to a slug.
    Id,
    /// `assets[].name`.
    Name,
    /// `assets[].kind`, free text.
    Kind,
    /// `assets[].class`, one of the SPEC 3b classes.
    Class,
    /// `assets[].line`, free text.
    Line,
    /// `assets[].area`; each distinct value becomes an `[[areas]]` entry.
    Area,
    /// `assets[].criticality`: high, medium, low (A/B/C, 1/2/3).
    Criticality,
    /// `assets[].installed`: a year, or a date whose year is taken.
    Installed,
    /// `assets[].controller.vendor`.
    ControllerVendor,
    /// `assets[].controller.model`.
    ControllerModel,
    /// Known register columns with no profile key (the machine's maker, model,
    /// serial number): kept as a comment above the asset, never dropped silently.
    Note,
}

/// Each field with its aliases, in priority order (SAP PM and Maximo names included).
pub const ALIASES: &[(Field, &[&str])] = &[
    (
        Field::Id,
        &[
            "id",
            "asset id",
            "asset",
            "tag",
            "asset tag",
            "tag number",
            "tag no",
            "equipment",
            "equipment number",
            "equipment no",
            "equipment id",
            "equnr",
            "asset num",
            "asset number",
            "asset no",
            "technical identification no",
            "tidnr",
        ],
    ),
    (
        Field::Name,
        &[
            "name",
            "asset name",
            "equipment name",
            "description",
            "asset description",
            "equipment description",
            "eqktx",
            "short text",
            "desc",
        ],
    ),
    (
        Field::Kind,
        &[
            "kind",
            "type",
            "asset type",
            "equipment type",
            "object type",
            "eqart",
            "machine type",
        ],
    ),
    (
        Field::Class,
        &["class", "asset class", "equipment class", "sitepack class"],
    ),
    (
        Field::Line,
        &[
            "line",
            "production line",
            "line id",
            "line name",
            "process line",
        ],
    ),
    (
        Field::Area,
        &[
            "area",
            "plant area",
            "plant section",
            "beber",
            "department",
            "building",
            "location",
            "functional location",
            "tplnr",
        ],
    ),
    (
        Field::Criticality,
        &[
            "criticality",
            "criticality class",
            "abc indicator",
            "abckz",
            "abc",
            "priority",
            "asset priority",
        ],
    ),
    (
        Field::Installed,
        &[
            "installed",
            "install year",
            "installation year",
            "year installed",
            "install date",
            "installation date",
            "construction year",
            "year of construction",
            "baujj",
            "year built",
            "start-up date",
            "inbdt",
            "commissioning date",
            "in service date",
        ],
    ),
    (
        Field::ControllerVendor,
        &[
            "controller vendor",
            "controller manufacturer",
            "controller make",
            "plc vendor",
            "plc manufacturer",
            "plc make",
        ],
    ),
    (
        Field::ControllerModel,
        &[
            "controller model",
            "controller type",
            "controller",
            "plc model",
            "plc type",
            "plc",
        ],
    ),
    (
        Field::Note,
        &[
            "manufacturer",
            "herst",
            "make",
            "vendor",
            "model",
            "model number",
            "typbz",
            "serial number",
            "serialnum",
            "sernr",
        ],
    ),
];

/// A header as the table compares it: lower-case letters and digits only.
pub fn squash(header: &str) -> String {
    header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The field a header names and the alias's rank (lower wins), or `None`.
pub fn field_of(header: &str) -> Option<(Field, usize)> {
    let header = squash(header);
    ALIASES.iter().find_map(|(field, aliases)| {
        aliases
            .iter()
            .position(|a| squash(a) == header)
            .map(|rank| (*field, rank))
    })
}

/// The aliases of `field`, for messages.
pub fn aliases_of(field: Field) -> &'static [&'static str] {
    ALIASES
        .iter()
        .find(|(f, _)| *f == field)
        .map_or(&[], |(_, a)| a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers() {
        let cases = [
            ("Equipment", Some(Field::Id)),
            ("ASSETNUM", Some(Field::Id)),
            ("Asset Num", Some(Field::Id)),
            ("Tag", Some(Field::Id)),
            ("Description", Some(Field::Name)),
            ("Functional Location", Some(Field::Area)),
            ("Install Date", Some(Field::Installed)),
            ("Start-up date", Some(Field::Installed)),
            ("ABC Indicator", Some(Field::Criticality)),
            ("Criticality", Some(Field::Criticality)),
            ("Manufacturer", Some(Field::Note)),
            ("PLC Type", Some(Field::ControllerModel)),
            ("Cost Center", None),
            ("", None),
        ];
        for (header, want) in cases {
            assert_eq!(field_of(header).map(|(f, _)| f), want, "{header:?}");
        }
    }

    #[test]
    fn explicit_names_rank_first() {
        let area = field_of("Area").unwrap().1;
        let floc = field_of("Functional Location").unwrap().1;
        assert!(area < floc);
    }

    #[test]
    fn no_alias_twice() {
        let mut seen = std::collections::BTreeSet::new();
        for (_, aliases) in ALIASES {
            for alias in *aliases {
                assert!(seen.insert(squash(alias)), "{alias} twice");
            }
        }
    }
}
