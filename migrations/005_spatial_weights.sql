-- Neighbour lists of sub-districts for hot-spot statistics (Getis-Ord Gi*, local Moran's I),
-- computed once per boundary version in PostGIS and kept here.
--
-- Why a cache: the pairwise polygon test over the 7,425 real sub-districts costs 0.2 to 0.6 s on
-- either engine (bench/hotspots.ts, on a shared 2-core machine), ten to twenty times a read of
-- this table and about a hundred times Gi* itself; boundaries change rarely, and every change moves
-- app_setting 'boundary_version' on, which makes older rows stale.
--
-- The list is stored in compressed sparse row form, the form the statistics read. Counting
-- array elements from 0 (as the server does once it has read them): the area area_codes[i]
-- (codes in ascending order) has as neighbours the areas whose positions in area_codes are
-- neighbour_index[neighbour_offset[i]] up to neighbour_index[neighbour_offset[i + 1] - 1].
-- Weights are not stored: they follow from the statistic (binary with the area itself for Gi*,
-- row-standardised for local Moran's I) when it runs.
CREATE TABLE spatial_weight_cache (
  boundary_version integer NOT NULL,
  -- 'queen': sharing at least one point, within the tolerance below (the simplified boundaries
  -- leave hairline gaps between true neighbours).
  kind             text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_:.-]*$'),
  -- The sorted province codes the list covers, comma separated ('23,32'); areas outside the set
  -- are not neighbours, even across a provincial border.
  province_set     text NOT NULL CHECK (province_set ~ '^[0-9]{2}(,[0-9]{2})*$'),
  tolerance_deg    double precision NOT NULL,
  area_codes       text[] NOT NULL,
  neighbour_offset integer[] NOT NULL,
  neighbour_index  integer[] NOT NULL,
  -- Areas with no neighbour at all (true islands such as Ko Tao, or an area cut off by the
  -- province set), reported to the analyst because their statistic rests on themselves alone.
  island_codes     text[] NOT NULL,
  computed_ms      integer NOT NULL,
  computed_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (boundary_version, kind, province_set),
  CHECK (cardinality(neighbour_offset) = cardinality(area_codes) + 1)
);
