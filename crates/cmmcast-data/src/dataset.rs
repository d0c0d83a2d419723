//! A dataset: one or more sites, loaded from a file or the embedded Songzao plan.

use std::path::Path;

use crate::assemble::SiteRows;
use crate::csv_input;
use crate::document::{DatasetDoc, parse_json, parse_toml};
use crate::embedded;
use crate::error::{DataError, Place, escape_controls};
use crate::site::{Site, SiteFacts};
use crate::text::{FileKind, decode, read_file};
use crate::workbook;

/// The file formats a dataset can be read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values with a header (the default for unknown extensions, since
    /// spreadsheet exports are often named `.txt`).
    Csv,
    /// JSON in the shape described in [`crate::document`](crate#file-formats).
    Json,
    /// TOML in the same shape as JSON.
    Toml,
    /// A workbook (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`), one sheet of which holds the
    /// table a CSV file would: see docs/DATA.md, "Workbooks".
    Workbook,
}

impl Format {
    /// The format a file's extension implies: `.json` and `.toml` (any case) are JSON and TOML,
    /// `.xlsx`, `.xlsm`, `.xlsb`, `.xls` and `.ods` workbooks, everything else is read as CSV.
    /// (A file whose first bytes are a workbook's is read as one whatever its name: see
    /// [`Dataset::from_bytes`].)
    ///
    /// ```
    /// use cmmcast_data::Format;
    /// assert_eq!(Format::from_path("plan.JSON".as_ref()), Format::Json);
    /// assert_eq!(Format::from_path("plan.txt".as_ref()), Format::Csv);
    /// assert_eq!(Format::from_path("plan.ods".as_ref()), Format::Workbook);
    /// ```
    pub fn from_path(path: &Path) -> Format {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("json") => Format::Json,
            Some("toml") => Format::Toml,
            Some("xlsx" | "xlsm" | "xlsb" | "xls" | "ods") => Format::Workbook,
            _ => Format::Csv,
        }
    }
}

/// One or more sites with validated annual series, sorted by site name.
///
/// The order of rows and sites in a file does not matter: the same data in any order gives an
/// equal `Dataset`.
///
/// ```
/// use cmmcast_data::Dataset;
/// let data = Dataset::songzao();
/// let site = data.site(None)?;
/// assert_eq!(site.name(), "Songzao");
/// assert_eq!(site.facts.plant_capacity_mw, Some(26.9));
/// assert_eq!(site.series.years(), &[2012, 2013, 2014, 2015, 2016]);
/// # Ok::<(), cmmcast_data::DataError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    origin: String,
    sites: Vec<Site>,
    /// The plants several sites feed (`plant_name`), sorted by name; see [`Dataset::feeds`].
    plants: Vec<Site>,
}

impl Dataset {
    /// The Songzao coal-field plan 2012–2016 with its site facts, compiled into the binary.
    ///
    /// The embedded files are checked by this crate's tests, so this cannot fail at run time.
    pub fn songzao() -> Dataset {
        Dataset::parse(
            embedded::SONGZAO_PLAN_CSV,
            Format::Csv,
            embedded::ORIGIN,
            "Songzao",
        )
        .and_then(|data| {
            data.with_facts_text(embedded::SONGZAO_SITE_TOML, Format::Toml, embedded::ORIGIN)
        })
        .expect("the embedded Songzao data is valid (checked by the data crate's tests)")
    }

    /// Loads a dataset from a file, choosing the format by extension ([`Format::from_path`]),
    /// or by its first bytes for a workbook; a workbook's first sheet is read.
    ///
    /// A CSV without a `site` column holds one site, named after the file (its stem). A file
    /// larger than [`crate::MAX_DATA_FILE_BYTES`] (for TOML, [`crate::MAX_TOML_DATA_FILE_BYTES`];
    /// for a workbook, [`crate::MAX_WORKBOOK_FILE_BYTES`]) is refused from its size, before it is
    /// read.
    pub fn load(path: &Path) -> Result<Dataset, DataError> {
        Dataset::load_sheet(path, None)
    }

    /// Loads a dataset from a file as [`Dataset::load`] does, reading a workbook's sheet `sheet`
    /// (the first when `None`). Naming a sheet of a file that is not a workbook is refused.
    pub fn load_sheet(path: &Path, sheet: Option<&str>) -> Result<Dataset, DataError> {
        let format = Format::from_path(path);
        let kind = match format {
            Format::Toml => FileKind::TomlData,
            Format::Workbook => FileKind::Workbook,
            Format::Csv | Format::Json => FileKind::Data,
        };
        let bytes = read_file(
            path,
            kind,
            "check the path, or leave out --input to use the embedded Songzao plan",
        )?;
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "site".into());
        Dataset::from_bytes_in_sheet(bytes, format, &path.display().to_string(), &stem, sheet)
    }

    /// Parses a dataset from the bytes of a file, as [`Dataset::load`] does once it has read
    /// them: the bytes must be UTF-8 text (a byte-order mark is dropped; UTF-16, binary data and
    /// legacy encodings are refused), then [`Dataset::parse`].
    ///
    /// ```
    /// use cmmcast_data::{Dataset, Format};
    /// let data = Dataset::from_bytes(b"year,coal_kt\n2012,6420\n".to_vec(), Format::Csv, "in", "A")?;
    /// assert_eq!(data.site(None)?.series.coal_kt(), Some(&[6420.0][..]));
    /// let err = Dataset::from_bytes(vec![0xFF, 0xFE, b'y'], Format::Csv, "in.csv", "A").unwrap_err();
    /// assert!(err.to_string().starts_with("in.csv is not UTF-8 text"));
    /// # Ok::<(), cmmcast_data::DataError>(())
    /// ```
    ///
    /// Bytes that start as a workbook's (a zip archive or an OLE compound file) are read as a
    /// workbook's first sheet whatever `format` says, so that `plan.csv` saved from a
    /// spreadsheet as `.xlsx` is read as what it is.
    pub fn from_bytes(
        bytes: Vec<u8>,
        format: Format,
        source: &str,
        single_site_name: &str,
    ) -> Result<Dataset, DataError> {
        Dataset::from_bytes_in_sheet(bytes, format, source, single_site_name, None)
    }

    /// Parses a dataset from the bytes of a file as [`Dataset::from_bytes`] does, reading a
    /// workbook's sheet `sheet` (the first when `None`).
    pub fn from_bytes_in_sheet(
        bytes: Vec<u8>,
        format: Format,
        source: &str,
        single_site_name: &str,
        sheet: Option<&str>,
    ) -> Result<Dataset, DataError> {
        if workbook::looks_like_workbook(&bytes) {
            FileKind::Workbook.check_size(source, bytes.len() as u64)?;
            let sites = workbook::read_sites(&bytes, source, sheet, single_site_name)?;
            return Dataset::from_site_rows(sites, source);
        }
        if format == Format::Workbook {
            return Err(DataError::NotAWorkbook {
                path: source.into(),
            });
        }
        if sheet.is_some() {
            return Err(DataError::SheetWithoutWorkbook {
                path: source.into(),
            });
        }
        let text = decode(bytes, source)?;
        Dataset::parse(&text, format, source, single_site_name)
    }

    /// Parses a dataset from text.
    ///
    /// `source` names the input in messages; `single_site_name` names the site of a CSV that
    /// has no `site` column.
    ///
    /// ```
    /// use cmmcast_data::{Dataset, Format};
    /// let csv = "year,methane_mm3\n2013,239.87\n2012,222.94\n";
    /// let data = Dataset::parse(csv, Format::Csv, "inline", "Mine A")?;
    /// let site = data.site(Some("Mine A"))?;
    /// assert_eq!(site.series.methane_mm3(), Some(&[222.94, 239.87][..]));
    /// assert_eq!(site.series.coal_kt(), None);
    ///
    /// let err = Dataset::parse("year,coal_kt\n2012,-5\n", Format::Csv, "plan.csv", "A")
    ///     .unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "plan.csv, line 2, field coal_kt: `-5` is negative; annual quantities cannot be \
    ///      below zero, so correct the value"
    /// );
    /// # Ok::<(), cmmcast_data::DataError>(())
    /// ```
    pub fn parse(
        text: &str,
        format: Format,
        source: &str,
        single_site_name: &str,
    ) -> Result<Dataset, DataError> {
        let sites = match format {
            Format::Csv => {
                return Dataset::from_site_rows(
                    csv_input::read_sites(text, source, single_site_name)?,
                    source,
                );
            }
            Format::Workbook => {
                return Err(DataError::NotAWorkbook {
                    path: source.into(),
                });
            }
            Format::Json | Format::Toml => {
                let mut sites = Vec::new();
                for (facts, rows) in parse_document(text, format, source)? {
                    let rows = rows.unwrap_or_else(|| SiteRows::new(&facts.name));
                    sites.push(Site {
                        series: rows.finish(source)?,
                        facts,
                        mines: Vec::new(),
                    });
                }
                sites
            }
        };
        Dataset::from_sites(sites, source)
    }

    /// The sites of a table (CSV or a workbook's sheet), with facts that name them only.
    fn from_site_rows(rows: Vec<SiteRows>, source: &str) -> Result<Dataset, DataError> {
        let sites = rows
            .into_iter()
            .map(|rows| {
                let facts = SiteFacts::named(rows.name.clone());
                Ok(Site {
                    facts,
                    series: rows.finish(source)?,
                    mines: Vec::new(),
                })
            })
            .collect::<Result<Vec<_>, DataError>>()?;
        Dataset::from_sites(sites, source)
    }

    fn from_sites(mut sites: Vec<Site>, source: &str) -> Result<Dataset, DataError> {
        if sites.is_empty() {
            return Err(DataError::Empty {
                at: Place::file(source),
            });
        }
        sites.sort_by(|a, b| a.name().cmp(b.name()));
        if let Some(pair) = sites.windows(2).find(|w| w[0].name() == w[1].name()) {
            return Err(DataError::DuplicateSite {
                source_name: source.into(),
                site: pair[0].name().into(),
            });
        }
        let plants = crate::feeds::plants(&sites, source)?;
        Ok(Dataset {
            origin: source.into(),
            sites,
            plants,
        })
    }

    /// Every site feeding one plant (`--combine`): the plant the sites name when those that
    /// name one agree, else one named after the sites (`A + B`), whose facts are given on one
    /// site or agree. A dataset of one site is returned as it is.
    ///
    /// ```
    /// use cmmcast_data::{Dataset, Format};
    /// let csv = "site,year,methane_mm3\nNorth,2015,10\nNorth,2016,12\nSouth,2016,5\n";
    /// let data = Dataset::parse(csv, Format::Csv, "two.csv", "x")?.combined()?;
    /// let plant = data.feed(Some("North + South"))?;
    /// assert_eq!(plant.mines.len(), 2);
    /// // The plant received the methane of the years both mines have: 2016, 12 + 5.
    /// assert_eq!(plant.series.years(), &[2016]);
    /// assert_eq!(plant.series.methane_mm3(), Some(&[17.0][..]));
    /// # Ok::<(), cmmcast_data::DataError>(())
    /// ```
    pub fn combined(mut self) -> Result<Dataset, DataError> {
        if self.sites.len() < 2 {
            return Ok(self);
        }
        crate::feeds::combine_all(&mut self.sites, &self.origin)?;
        let sites = std::mem::take(&mut self.sites);
        Dataset::from_sites(sites, &self.origin)
    }

    /// Replaces site facts with those of a TOML or JSON site-facts file (the dataset shape
    /// without `rows`).
    ///
    /// Facts are matched to sites by name; when both the data and the facts hold exactly one
    /// site, the facts apply to it whatever its name (a CSV without a `site` column is named
    /// after its file) and the facts' name is used.
    ///
    /// A file larger than [`crate::MAX_FACTS_FILE_BYTES`] is refused from its size, before it is
    /// read.
    pub fn with_facts_file(self, path: &Path) -> Result<Dataset, DataError> {
        let bytes = read_file(
            path,
            FileKind::Facts,
            "check the path, or leave out --facts to keep the site facts of the data",
        )?;
        self.with_facts_bytes(bytes, Format::from_path(path), &path.display().to_string())
    }

    /// Replaces site facts with those in the bytes of a site-facts file, as
    /// [`Dataset::with_facts_file`] does once it has read them. `format` is JSON or TOML (CSV,
    /// which cannot hold facts, is read as TOML); `source` names the facts in messages.
    ///
    /// ```
    /// use cmmcast_data::{Dataset, Format};
    /// let facts = b"[[sites]]\nname = \"Songzao\"\nplant_capacity_mw = 30\n".to_vec();
    /// let data = Dataset::songzao().with_facts_bytes(facts, Format::Toml, "facts.toml")?;
    /// assert_eq!(data.site(None)?.facts.plant_capacity_mw, Some(30.0));
    /// # Ok::<(), cmmcast_data::DataError>(())
    /// ```
    pub fn with_facts_bytes(
        self,
        bytes: Vec<u8>,
        format: Format,
        source: &str,
    ) -> Result<Dataset, DataError> {
        let text = decode(bytes, source)?;
        self.with_facts_text(&text, format, source)
    }

    fn with_facts_text(
        mut self,
        text: &str,
        format: Format,
        source: &str,
    ) -> Result<Dataset, DataError> {
        let format = match format {
            Format::Csv | Format::Workbook => Format::Toml,
            other => other,
        };
        let mut all_facts = Vec::new();
        for (facts, rows) in parse_document(text, format, source)? {
            if rows.is_some() {
                return Err(DataError::BadFact {
                    at: Place {
                        site: Some(facts.name),
                        ..Place::file(source)
                    },
                    field: "rows",
                    problem: "a site-facts file holds no rows; pass a file with rows as the \
                              dataset (--input) instead"
                        .into(),
                });
            }
            all_facts.push(facts);
        }
        if let ([facts], [site]) = (all_facts.as_slice(), self.sites.as_slice())
            && facts.name != site.name()
        {
            self.sites[0].facts = facts.clone();
            let sites = std::mem::take(&mut self.sites);
            return Dataset::from_sites(sites, source).map(|data| Dataset {
                origin: self.origin,
                ..data
            });
        }
        for facts in all_facts {
            let Some(site) = self.sites.iter_mut().find(|s| s.name() == facts.name) else {
                return Err(DataError::FactsForUnknownSite {
                    source_name: source.into(),
                    site: facts.name,
                    available: self.site_names().join(", "),
                });
            };
            site.facts = facts;
        }
        let sites = std::mem::take(&mut self.sites);
        Dataset::from_sites(sites, source).map(|data| Dataset {
            origin: self.origin,
            ..data
        })
    }

    /// Where the data came from: the path as given, or a description of the embedded data.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// All sites, sorted by name.
    pub fn sites(&self) -> &[Site] {
        &self.sites
    }

    /// The sites' names, sorted.
    pub fn site_names(&self) -> Vec<&str> {
        self.sites.iter().map(Site::name).collect()
    }

    /// One site by name; with `None`, the only site of a single-site dataset.
    ///
    /// An unknown name, or `None` on a dataset with several sites, is an error that lists the
    /// sites there are.
    pub fn site(&self, name: Option<&str>) -> Result<&Site, DataError> {
        let found = match name {
            Some(name) => self.sites.iter().find(|s| s.name() == name),
            None if self.sites.len() == 1 => self.sites.first(),
            None => None,
        };
        found.ok_or_else(|| DataError::UnknownSite {
            // Escaped (`\n` for a line break), so that the message stays on one line.
            requested: name.map_or_else(|| "(none given)".into(), escape_controls),
            source_name: self.origin.clone(),
            available: self.site_names().join(", "),
        })
    }

    /// What feeds each plant: every plant several sites name (with its [`Site::mines`]), and
    /// every site that names no plant, sorted by name. Commands that go through a plant work on
    /// these.
    pub fn feeds(&self) -> Vec<&Site> {
        let mut feeds: Vec<&Site> = self
            .plants
            .iter()
            .chain(self.sites.iter().filter(|s| s.facts.plant_name.is_none()))
            .collect();
        feeds.sort_by(|a, b| a.name().cmp(b.name()));
        feeds
    }

    /// One feed by name: a plant, or any site (a mine that feeds a plant, studied alone with
    /// its own facts); with `None`, the only feed. An unknown name, or `None` with several
    /// feeds, lists the plants and sites there are.
    pub fn feed(&self, name: Option<&str>) -> Result<&Site, DataError> {
        let feeds = self.feeds();
        let found = match name {
            Some(name) => self
                .plants
                .iter()
                .chain(&self.sites)
                .find(|s| s.name() == name),
            None if feeds.len() == 1 => feeds.first().copied(),
            None => None,
        };
        found.ok_or_else(|| DataError::UnknownSite {
            requested: name.map_or_else(|| "(none given)".into(), escape_controls),
            source_name: self.origin.clone(),
            available: self
                .plants
                .iter()
                .chain(&self.sites)
                .map(Site::name)
                .collect::<Vec<_>>()
                .join(", "),
        })
    }

    /// The feeds to work on: all of them ([`Dataset::feeds`]) without a name, the named plant
    /// or site otherwise.
    pub fn select_feeds(&self, name: Option<&str>) -> Result<Vec<&Site>, DataError> {
        match name {
            None => Ok(self.feeds()),
            Some(_) => self.feed(name).map(|site| vec![site]),
        }
    }

    /// The sites to work on: all of them without a name, the named one otherwise.
    pub fn select(&self, name: Option<&str>) -> Result<Vec<&Site>, DataError> {
        match name {
            None => Ok(self.sites.iter().collect()),
            Some(_) => self.site(name).map(|site| vec![site]),
        }
    }
}

/// Parses a JSON or TOML document and validates each site.
fn parse_document(
    text: &str,
    format: Format,
    source: &str,
) -> Result<Vec<(SiteFacts, Option<SiteRows>)>, DataError> {
    let doc: DatasetDoc = match format {
        Format::Json => parse_json(text, source)?,
        _ => parse_toml(text, source)?,
    };
    doc.sites
        .into_iter()
        .map(|site| site.into_parts(source))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::DataKind;

    #[test]
    fn row_and_site_order_do_not_matter() {
        let a = "site,year,coal_kt\nB,2013,2\nA,2012,1\nB,2012,1\nA,2013,2\n";
        let b = "coal_kt,year,site\n1,2012,A\n2,2013,A\n1,2012,B\n2,2013,B\n";
        let a = Dataset::parse(a, Format::Csv, "x", "x").expect("valid");
        let b = Dataset::parse(b, Format::Csv, "x", "x").expect("valid");
        assert_eq!(a, b);
        assert_eq!(a.site_names(), vec!["A", "B"]);
    }

    #[test]
    fn an_unknown_site_is_named_on_one_line() {
        let data = Dataset::songzao();
        let err = data.site(Some("North\nMine")).expect_err("unknown");
        assert!(
            err.to_string()
                .starts_with("site \"North\\nMine\" is not in "),
            "{err}"
        );
        assert!(!err.to_string().contains('\n'));
    }

    #[test]
    fn duplicate_years_name_both_lines() {
        let err = Dataset::parse(
            "year,coal_kt\n2012,1\n2013,2\n2012,3\n",
            Format::Csv,
            "p.csv",
            "s",
        )
        .expect_err("duplicate");
        assert_eq!(
            err.to_string(),
            "p.csv: year 2012 appears twice for site \"s\" (line 2 and line 4); keep one row per \
             year and site"
        );
    }

    #[test]
    fn a_site_may_have_only_one_series_but_not_a_partial_one() {
        let ok = "site,year,coal_kt,methane_mm3\nA,2012,1,2\nB,2012,,3\nB,2013,,4\n";
        let data = Dataset::parse(ok, Format::Csv, "x", "x").expect("valid");
        assert_eq!(data.site(Some("B")).expect("B").series.coal_kt(), None);
        let partial = "year,coal_kt,methane_mm3\n2012,1,2\n2013,,3\n";
        let err = Dataset::parse(partial, Format::Csv, "p.csv", "x").expect_err("partial");
        assert!(
            err.to_string()
                .starts_with("p.csv, line 3, field coal_kt: the field is empty")
        );
    }

    #[test]
    fn json_and_toml_give_the_same_dataset() {
        let json = r#"{"sites": [{"name": "A", "plant_capacity_mw": 5,
            "rows": [{"year": 2013, "methane_mm3": 2.5}, {"year": 2012, "methane_mm3": 2}]}]}"#;
        let toml = "[[sites]]\nname = \"A\"\nplant_capacity_mw = 5\nrows = [\n\
                    { year = 2012, methane_mm3 = 2 },\n{ year = 2013, methane_mm3 = 2.5 },\n]\n";
        let json = Dataset::parse(json, Format::Json, "x", "x").expect("json");
        let toml = Dataset::parse(toml, Format::Toml, "x", "x").expect("toml");
        assert_eq!(json, toml);
    }

    #[test]
    fn unknown_site_lists_the_sites() {
        let data = Dataset::songzao();
        let err = data.site(Some("Nowhere")).expect_err("unknown");
        assert!(
            err.to_string()
                .contains("choose one of these sites: Songzao"),
            "{err}"
        );
    }

    #[test]
    fn facts_for_a_single_site_apply_whatever_its_name() {
        let data = Dataset::parse("year,coal_kt\n2012,1\n", Format::Csv, "x", "file-stem")
            .expect("valid")
            .with_facts_text(
                "[[sites]]\nname = \"North\"\nplant_capacity_mw = 4.5\n",
                Format::Toml,
                "f.toml",
            )
            .expect("facts");
        let site = data.site(None).expect("one site");
        assert_eq!(site.name(), "North");
        assert_eq!(site.facts.plant_capacity_mw, Some(4.5));
    }

    /// The numbers of Table 1 of the source article ([SOURCES: songzao-article], which gives
    /// them too), typed in here independently of data/.
    #[test]
    fn embedded_plan_matches_the_article_table() {
        let data = Dataset::songzao();
        let site = data.site(Some("Songzao")).expect("Songzao is embedded");
        assert_eq!(site.series.years(), &[2012, 2013, 2014, 2015, 2016]);
        assert_eq!(
            site.series.coal_kt(),
            Some(&[6420.0, 6850.0, 7350.0, 7950.0, 8600.0][..])
        );
        assert_eq!(
            site.series.methane_mm3(),
            Some(&[222.94, 239.87, 259.24, 282.86, 304.84][..])
        );
        assert_eq!(site.facts.plant_capacity_mw, Some(26.9));
        assert_eq!(site.facts.data_kind, DataKind::Plan);
        assert!(!site.facts.volume_basis.stated_by_source);
        assert_eq!(site.facts.volume_basis.temperature.celsius(), 20.0);
    }

    /// [SOURCES: songzao-assumptions]: methane per tonne 34.7, 35.0, 35.3, 35.6, 35.4 m3/t (one
    /// decimal; docs/METHODS.md, section 1, by hand).
    #[test]
    fn intensity_matches_the_hand_calculation() {
        let data = Dataset::songzao();
        let site = data.site(None).expect("one site");
        let intensity = site.series.intensity_m3_per_t().expect("both series");
        let rounded: Vec<f64> = intensity
            .iter()
            .map(|v| (v.expect("coal > 0") * 10.0).round() / 10.0)
            .collect();
        assert_eq!(rounded, vec![34.7, 35.0, 35.3, 35.6, 35.4]);
    }
}
